"""The network side of extract: polite fetching, portal discovery, the raw archive and the harvest state.

Nothing here reads a document: bytes go to the archive and on to ``extract.readers`` (Scrapy's split of the
downloader from the spiders' parsing).
"""
