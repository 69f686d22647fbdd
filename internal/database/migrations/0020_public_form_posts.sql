-- Submissions of the public forms (the manifestazione di interesse and the
-- request for a new personal link), counted per client address over a
-- window to slow down a program that floods them. In the database, like
-- login_failures, so that the limit holds across several application
-- servers. Only the address and the time: no form content.
CREATE TABLE public_form_posts (
    id BIGSERIAL PRIMARY KEY,
    ip TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);

CREATE INDEX public_form_posts_ip ON public_form_posts (ip, at);
CREATE INDEX public_form_posts_at ON public_form_posts (at);
