-- On H2 (one instance) Quartz keeps its schedule in memory; nothing to create.
SELECT 1;
