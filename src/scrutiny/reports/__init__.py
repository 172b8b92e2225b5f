"""Results → files a committee can publish: HTML, PDF, Word and the Excel savings tracker."""
