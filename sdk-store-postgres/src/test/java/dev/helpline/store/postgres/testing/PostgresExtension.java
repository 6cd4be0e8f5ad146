package dev.helpline.store.postgres.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link PostgresServer} per test run (kept in JUnit's root store, stopped when the run
 * ends) and passes it to test constructors and methods that ask for a {@link PostgresServer}.
 * Use with {@code @ExtendWith(PostgresExtension.class)}.
 */
public final class PostgresExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  /** The run's server, started on first use. */
  public static PostgresServer server(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(PostgresServer.class, k -> {
      try {
        return PostgresServer.start();
      } catch (Exception e) {
        throw new ParameterResolutionException("could not start the test PostgreSQL server: " + e.getMessage(), e);
      }
    }, PostgresServer.class);
  }
}
