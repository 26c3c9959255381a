"""Dashboards: each level's indicator table with RAG colours, drill-down, charts and XLSX export."""
