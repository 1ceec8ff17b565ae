"""Running the colony: commands and their interlocks, alarms, scenarios, forecasts, reports."""
