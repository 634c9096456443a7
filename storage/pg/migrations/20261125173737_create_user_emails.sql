-- The table of the `UserEmail` entity.
CREATE TABLE user_emails (
    user_email_id UUID NOT NULL PRIMARY KEY,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    email TEXT NOT NULL,
    user_id UUID NOT NULL REFERENCES users (user_id),
    confirmed_at TIMESTAMP WITH TIME ZONE
);

CREATE UNIQUE INDEX user_emails_email_key ON user_emails (email);
CREATE INDEX user_emails_user_id_idx ON user_emails (user_id, user_email_id);
