"""Hooks for scripts/schemathesis.sh: the bulk endpoints take NDJSON, which schemathesis cannot serialize on its
own; a generated body is sent as the text it is, as a client streaming lines would send it."""

import schemathesis

schemathesis.serializer.alias("application/x-ndjson", "text/plain")
