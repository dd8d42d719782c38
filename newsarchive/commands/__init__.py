"""Scrapy commands of this project (``COMMANDS_MODULE``): ``scrapy crawl`` as newsarchive
judges a crawl."""
