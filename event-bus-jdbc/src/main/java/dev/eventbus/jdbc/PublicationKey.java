package dev.eventbus.jdbc;

/**
 * What identifies a publication: the event it was written for and the listener it is owed to.
 *
 * @param eventId the event id ({@link dev.eventbus.Event#id()})
 * @param listenerId the listener id
 */
record PublicationKey(String eventId, String listenerId) {

    @Override
    public String toString() {
        return "event " + this.eventId + " for listener '" + this.listenerId + "'";
    }

}
