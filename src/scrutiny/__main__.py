"""`python -m scrutiny` runs the command line."""

from scrutiny.cli.app import main

if __name__ == "__main__":
    main()
