"""Plant sources: what the panel reads and where its commands go."""
