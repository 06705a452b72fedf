"""``pytrace diff``: compare the syscall behaviour of two traces (inputs, normalise, align, report)."""
