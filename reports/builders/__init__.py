"""Section builders: each takes the assembly context and a section spec, returns sections."""
