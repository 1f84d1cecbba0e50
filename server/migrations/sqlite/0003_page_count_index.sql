-- Counting a page's published comments reads this index alone, however long the thread
-- (a 10,000-comment thread was counted row by row through the table: ~8 ms).
create index comment_page_status_idx on comment (site_id, page, status);
