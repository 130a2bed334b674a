"""Report pages: drafts and their workflow (``drafts``), structure (``sections``), public
copies (``public``)."""
