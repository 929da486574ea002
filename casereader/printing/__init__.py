"""ReportLab output: marking sheets (per case, blank, batch) and the shared fonts.

Import the submodules directly (``casereader.printing.sheets``, ``casereader.printing.fonts``); nothing
here imports ReportLab at package import time.
"""
