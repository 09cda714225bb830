/*
 * DynamoDB Local for the twin, run by Java's source launcher (`java -cp <jar>:<lib>/* LoopbackDynamoDbLocal.java
 * -port N ...`): the jar's own server, built from the same command-line arguments, with two changes DynamoDB
 * Local has no option for. Its Jetty connector binds 127.0.0.1 only (the jar's ServerRunner binds every
 * interface), and a request naming a Host that is not a loopback name, or carrying an Origin (browsers send one;
 * the AWS SDK never does), is refused with 403: no web page can read or write the table, by CORS or by DNS
 * rebinding. Telemetry is never configured, so none is sent.
 */
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
    server.setHandler(new LoopbackOnly(server.getHandler()));
    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1");
    proxy.join();
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
