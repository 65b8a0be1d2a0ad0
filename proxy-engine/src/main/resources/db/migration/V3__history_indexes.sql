-- The console filters audit and session history by time and by user; an incident review does the same.

CREATE INDEX audit_event_time_idx ON audit_event (event_time);
CREATE INDEX audit_event_user_idx ON audit_event (user_name);
CREATE INDEX session_history_ended_idx ON session_history (ended_at);
CREATE INDEX session_history_user_idx ON session_history (user_name);
