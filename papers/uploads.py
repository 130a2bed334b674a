"""Uploaded file names as the client sent them.

Django's parser strips folders and control characters from an upload's name before any
form sees it, so "../../etc/report.pdf" would quietly arrive as "report.pdf". The paper
forms refuse such names with a message instead, and for that this middleware keeps the
names as sent, in order, on ``request.raw_upload_names``. It must come before anything
that reads ``request.POST`` (the CSRF middleware does).
"""

from __future__ import annotations

from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import ImmutableList


class _RecordingParser(MultiPartParser):
    def __init__(self, *args, raw_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.raw_names = raw_names

    def sanitize_file_name(self, file_name):
        self.raw_names.append(file_name)
        return super().sanitize_file_name(file_name)


class RawUploadNamesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.raw_upload_names = []

        def parse_file_upload(META, post_data):
            request.upload_handlers = ImmutableList(
                request.upload_handlers,
                warning="You cannot alter upload handlers after the upload has been processed.",
            )
            parser = _RecordingParser(
                META,
                post_data,
                request.upload_handlers,
                request.encoding,
                raw_names=request.raw_upload_names,
            )
            return parser.parse()

        request.parse_file_upload = parse_file_upload
        return self.get_response(request)
