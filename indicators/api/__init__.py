"""Read-only JSON API of indicator values and completeness, scoped to the user's units (/api/v1/).

Plain Django views (:mod:`.views`) over the indicator selectors; the OpenAPI 3.1 document is
:mod:`.openapi`, served at /api/v1/openapi.json.
"""
