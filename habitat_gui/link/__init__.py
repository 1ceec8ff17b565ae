"""The plant link, server side: the plant source served over OPC UA (asyncua), no Qt."""
