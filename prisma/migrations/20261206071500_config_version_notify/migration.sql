-- Issue 20: wake the config polls held by every console process at once. Each new
-- ConfigVersion row (a publish through any console replica, the seed, a canary revert)
-- notifies channel "switchyard_config" with its version number. NOTIFY is delivered at
-- commit, so a listener never hears of a version it cannot read yet, and the trigger adds
-- no round trip to the publish. Prisma's schema does not model triggers: this migration is
-- hand-written and invisible to the schema diff.
--
-- The body is an E'' string with \073 for each semicolon because the migration runner
-- (@prisma/adapter-pg executeScript) splits scripts at every semicolon, even inside quotes.
CREATE FUNCTION "switchyard_config_version_notify"() RETURNS trigger LANGUAGE plpgsql
AS E'BEGIN PERFORM pg_notify(''switchyard_config'', NEW."version"::text)\073 RETURN NEW\073 END';

CREATE TRIGGER "ConfigVersion_notify"
AFTER INSERT ON "ConfigVersion"
FOR EACH ROW EXECUTE FUNCTION "switchyard_config_version_notify"();
