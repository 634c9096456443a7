-- The table of the `User` entity.
CREATE TABLE users (
    user_id UUID NOT NULL PRIMARY KEY,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    username TEXT NOT NULL,
    locked_at TIMESTAMP WITH TIME ZONE
);

CREATE UNIQUE INDEX users_username_key ON users (username);
