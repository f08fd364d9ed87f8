package io.quorumpay.hub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The hub's PostgreSQL database: a connection pool, with the schema brought up to date by Flyway
 * (migrations in {@code db/migration}) before anything else uses it.
 */
public final class HubDatabase implements AutoCloseable {
  private final HikariDataSource pool;

  private HubDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Connects to {@code jdbcUrl} (user and password may also be in the URL) and migrates the schema. */
  public static HubDatabase open(String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(8);
    config.setPoolName("hub");
    config.setConnectionTimeout(10_000);
    HikariDataSource pool = new HikariDataSource(config);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new HubDatabase(pool);
  }

  public DataSource dataSource() {
    return pool;
  }

  /** A connection in a transaction: commits what {@code work} did, or rolls it all back. */
  public <T> T transaction(Work<T> work) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** A connection outside the pool, for a session that must last (the indexer's lock); the caller closes it. */
  public Connection dedicatedConnection() throws SQLException {
    return java.sql.DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
  }

  /** Reads outside an explicit transaction. */
  public <T> T read(Work<T> work) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    }
  }

  /** Work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  @Override
  public void close() {
    pool.close();
  }
}
