"""The ``casereader`` command line: a contract the central team scripts against."""
