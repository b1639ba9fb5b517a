"""`python -m defcoop ...`: the same command as `defcoop ...`."""

from defcoop.cli.app import main

if __name__ == "__main__":  # worker processes import this module under another name: they must not run it
    main()
