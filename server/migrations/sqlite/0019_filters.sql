-- Word filters: per site, words or phrases that hold a comment for a moderator or refuse it,
-- kept as typed (`phrase`) and as matching compares them (`folded`: lowercase, accents
-- dropped, words one space apart). A change is logged as one of the site's blocks
-- (`change_log`, kind `blocks`) by the statement that makes it, once per change rather than
-- per row (a list of 10,000 entries is one change): every node reads its filters again.
create table filter (
    site_id    text not null references site (site_id) on delete cascade,
    folded     text not null,
    phrase     text not null,
    action     text not null check (action in ('hold', 'refuse')),
    created_by text not null,
    created_at text not null,
    primary key (site_id, folded)
);
