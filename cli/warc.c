/* STUB: the WARC reader. */
