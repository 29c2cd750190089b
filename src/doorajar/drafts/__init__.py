"""Drafts: message templates, composing them from the record, the tone guard, the outbox."""
