"""Mail: sources (mbox, Maildir, .eml, IMAP) -> parsed messages -> classified -> filed."""
