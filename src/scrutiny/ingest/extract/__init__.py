"""Pure extractors: functions of text that find figures, references and lists.

Nothing here opens a file; readers hand over `AnchoredText` and workflows combine the two.
"""
