"""Document readers: bytes + a name (+ content type) in, tokens and tables out; a reader never fetches."""
