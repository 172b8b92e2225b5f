"""The national reference dataset shipped with scrutiny (edge: builds and reads the files).

`build` turns the published national statistics into the compact files under `data/`;
`shipped` reads them into a `scrutiny.national.dataset.NationalData` value for the pure core.
"""
