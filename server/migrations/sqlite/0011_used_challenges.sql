-- The challenge each post came with (its nonce): a challenge is good for one post, on every
-- node, because a second post with it breaks this index. Cleared once the challenge has
-- expired anyway (the hourly purge).
alter table comment add column challenge_nonce text;
create unique index comment_challenge_idx on comment (challenge_nonce) where challenge_nonce is not null;
