"""Notification providers (Webhook, ...): who is told about grabs, imports and the like."""
