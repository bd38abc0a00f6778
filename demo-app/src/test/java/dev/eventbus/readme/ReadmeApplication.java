package dev.eventbus.readme;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the README's examples take for granted: the one a reader pastes them into. Its own package keeps
 * the demo's beans out of it, and its beans out of the demo.
 */
@SpringBootApplication
class ReadmeApplication {

}
