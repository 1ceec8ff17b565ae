"""The plant link, station side: what the plant server publishes (its schema), and the
client pieces the OPC UA source is made of (no Qt)."""
