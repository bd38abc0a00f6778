package dev.eventbus.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code eventbusdeadletters} actuator endpoint: {@code GET} tells how many dead letters each dead-letter topic
 * holds that this group has not replayed; {@code POST} replays those of this group (and of this instance's ALL
 * listeners), and says how many ran, failed again, or were left to other groups and instances.
 */
@Endpoint(id = "eventbusdeadletters")
public class DeadLettersEndpoint {

    private final DeadLetterReplay replay;

    DeadLettersEndpoint(DeadLetterReplay replay) {
        this.replay = replay;
    }

    /**
     * The dead letters not replayed yet, by dead-letter topic.
     * @return the group and the counts
     */
    @ReadOperation
    public Map<String, Object> deadLetters() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("group", this.replay.group());
        body.put("waiting", this.replay.waiting());
        return body;
    }

    /**
     * Replays this group's dead letters.
     * @return what the replay did
     */
    @WriteOperation
    public Map<String, Object> replay() {
        DeadLetterReplay.Outcome outcome = this.replay.replay();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("group", this.replay.group());
        body.put("replayed", outcome.replayed());
        body.put("failedAgain", outcome.failedAgain());
        body.put("skipped", outcome.skipped());
        return body;
    }

}
