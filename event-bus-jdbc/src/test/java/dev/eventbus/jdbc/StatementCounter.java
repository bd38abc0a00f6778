package dev.eventbus.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Wraps the application's DataSource to record what reaches the driver for one table: each statement prepared for
 * it, the rows added to its batches, and each time a statement is executed.
 */
final class StatementCounter extends DelegatingDataSource {

    final List<String> prepared = new CopyOnWriteArrayList<>();

    final List<Batch> executedBatches = new CopyOnWriteArrayList<>();

    final List<String> executedSingly = new CopyOnWriteArrayList<>();

    private final String table;

    StatementCounter(DataSource target, String table) {
        super(target);
        this.table = table.toLowerCase();
    }

    /** A post-processor that puts a counter in front of the context's DataSource. */
    static BeanPostProcessor wrapping(String table) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return (bean instanceof DataSource dataSource && !(bean instanceof StatementCounter))
                        ? new StatementCounter(dataSource, table) : bean;
            }
        };
    }

    void reset() {
        this.prepared.clear();
        this.executedBatches.clear();
        this.executedSingly.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(super.getConnection());
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
                            && sql.toLowerCase().contains(" " + this.table + " ")) {
                        this.prepared.add(sql);
                        return counting((PreparedStatement) result, sql);
                    }
                    return result;
                });
    }

    private PreparedStatement counting(PreparedStatement statement, String sql) {
        int[] rows = new int[1];
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "addBatch" -> rows[0]++;
                case "executeBatch" -> {
                    this.executedBatches.add(new Batch(sql, rows[0]));
                    rows[0] = 0;
                }
                case "executeUpdate", "execute", "executeQuery" -> this.executedSingly.add(sql);
                default -> {
                }
            }
            return invoke(statement, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { PreparedStatement.class }, handler);
    }

    /** The rows of the statements of a batch, each with the SQL it was prepared with. */
    List<Integer> batchSizes(String sqlPrefix) {
        return this.executedBatches.stream().filter((batch) -> batch.sql().startsWith(sqlPrefix)).map(Batch::rows)
            .toList();
    }

    record Batch(String sql, int rows) {
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getTargetException();
        }
    }

}
