package dev.eventbus.jdbc;

/**
 * An owed publication read back from the log, to be delivered again.
 *
 * @param key its key
 * @param eventName the event's name
 * @param origin the instance that emitted the event
 * @param args the event's arguments, as stored
 * @param schemaVersion the version of the form its arguments were stored in
 * @param attempts how many attempts have been made to deliver it
 */
record StoredPublication(PublicationKey key, String eventName, String origin, String args, int schemaVersion,
        int attempts) {
}
