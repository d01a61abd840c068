"""Post-processing after download: par2 verify/repair, unpack, cleanup, final move."""
