"""Retrieval over the corpus. Callers take a `retriever.Retriever`: `hybrid.Index` (chromadb + BM25 on
disk) serves the application, `memory.MemoryIndex` holds the same records in memory.

Nothing is imported here, so that importing a light module of the package stays light."""
