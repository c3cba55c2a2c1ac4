//! Defects of the command line: argument handling, input streams, output and diagnostics.
