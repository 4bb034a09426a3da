"""The audit log page: administrators read every entry, organisers those of their dialogues."""
