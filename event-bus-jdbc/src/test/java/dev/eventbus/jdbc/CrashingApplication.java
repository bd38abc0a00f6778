package dev.eventbus.jdbc;

import dev.eventbus.Emitter;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The application a crash test kills: it emits durable jobs one after another, printing {@code emitted N} once
 * {@code emit} has returned for job N, while the {@link Effects} listener works through them more slowly (50 ms a job,
 * four at a time), so that publications are owed and in flight whenever it is killed.
 * Arguments: the JDBC URL, the instance id, the number of jobs.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(Effects.class)
public class CrashingApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = Applications.start(args[0],
                new Class<?>[] { CrashingApplication.class }, "eventbus.instance-id=" + args[1], "effects.work=50",
                "eventbus.durable.lease=3s", "eventbus.durable.max-in-flight=16", "eventbus.async.core-size=4");
        Emitter emitter = context.getBean(Emitter.class);
        System.out.println("started");
        for (int job = 0; job < Integer.parseInt(args[2]); job++) {
            emitter.emit("job.requested", new Effects.Job(job));
            System.out.println("emitted " + job);
        }
        System.out.println("all emitted");
    }

}
