/*
 * DynamoDB Local for the twin, run by Java's source launcher (`java -cp <jar>:<lib>/* LoopbackDynamoDbLocal.java
 * -port N ...`): the jar's own server, built from the same command-line arguments, with three changes DynamoDB
 * Local has no option for. Its Jetty connector binds 127.0.0.1 only (the jar's ServerRunner binds every
 * interface), and a request naming a Host that is not a loopback name, or carrying an Origin (browsers send one;
 * the AWS SDK never does), is refused with 403: no web page can read or write the table, by CORS or by DNS
 * rebinding. Telemetry is never configured, so none is sent.
 *
 * Third, two indexes on the stream records. With -sharedDb every table's stream records live in one SQLite
 * table, `us`, keyed by sequence number only; DynamoDB Local looks a table's stream up by its StreamID on every
 * request, and a shard's earliest record by its ShardID on every read of the stream. Once another table has
 * written thousands of records, both scan them (a GetItem on a new table after 12,500 records: 1.3 → 2.7 ms in
 * memory, → 30 ms on disk; 2 cores). The integration tests' shared JVM (test/integration/support/global-setup.mjs)
 * serves one twin's table after another and relies on them.
 */
import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteException;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.AbstractLocalDynamoDBServerHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.shared.access.LocalDBClient;
import software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteDBAccess;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Server server = (Server) readField(DynamoDBProxyServer.class, "server", proxy);
    for (Connector connector : server.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
    server.setHandler(new LoopbackOnly(server.getHandler()));
    proxy.start();
    indexStreamRecords(proxy);
    System.out.println("DynamoDB Local listening on 127.0.0.1");
    proxy.join();
  }

  /** The shared database's stream records indexed by stream and by shard; a warning, not a failure, if DynamoDB Local's internals moved. */
  static void indexStreamRecords(DynamoDBProxyServer proxy) {
    try {
      Object requestHandler = readField(AbstractLocalDynamoDBServerHandler.class, "primaryHandler", readField(DynamoDBProxyServer.class, "serverHandler", proxy));
      Method credentials = LocalDynamoDBRequestHandler.class.getDeclaredMethod("getCredentialsString", String.class, String.class);
      Method database = LocalDynamoDBRequestHandler.class.getDeclaredMethod("getHandler", String.class);
      credentials.setAccessible(true);
      database.setAccessible(true);
      Object client = database.invoke(requestHandler, credentials.invoke(requestHandler, "twin", "local"));
      SQLiteQueue queue = (SQLiteQueue) readField(SQLiteDBAccess.class, "queue", readField(LocalDBClient.class, "dbAccess", client));
      queue.execute(new SQLiteJob<Void>() {
        @Override
        protected Void job(SQLiteConnection connection) throws SQLiteException {
          connection.exec("CREATE INDEX IF NOT EXISTS twin_us_stream ON us (StreamID, SequenceNumber)");
          connection.exec("CREATE INDEX IF NOT EXISTS twin_us_shard ON us (ShardID, SequenceNumber)");
          return null;
        }
      }).complete();
    } catch (Exception | LinkageError error) {
      System.err.println("LoopbackDynamoDbLocal: stream records left unindexed (" + error + ")");
    }
  }

  static Object readField(Class<?> owner, String name, Object instance) throws ReflectiveOperationException {
    Field field = owner.getDeclaredField(name);
    field.setAccessible(true);
    return field.get(instance);
  }

  static final class LoopbackOnly extends Handler.Wrapper {
    LoopbackOnly(Handler handler) {
      super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String host = request.getHttpURI().getHost();
      boolean loopbackHost = host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"));
      if (!loopbackHost || request.getHeaders().get("Origin") != null) {
        Response.writeError(request, response, callback, 403, "the twin's DynamoDB Local answers loopback clients only");
        return true;
      }
      return super.handle(request, response, callback);
    }
  }
}
