-- Row-level security for the report module's table (DESIGN.md, Tenancy).
SELECT mutualis_enable_tenancy('report_narratives');
