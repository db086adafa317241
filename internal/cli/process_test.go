package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// These tests run the real binary, as an operator or a process supervisor would.

// buildBinary builds orderdesk into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "orderdesk")
	cmd := exec.Command("go", "build", "-o", bin, "orderdesk")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// lockedBuffer collects a child's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serverProcess is `orderdesk serve` running as a child process.
type serverProcess struct {
	cmd            *exec.Cmd
	addr           string
	stdout, stderr *lockedBuffer
	exited         chan struct{}
	err            error // set when exited is closed
}

// freeAddr finds a port nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServer starts the binary's serve command on addr and waits until /healthz answers.
func startServer(t *testing.T, bin, dsn, addr string, env ...string) *serverProcess {
	t.Helper()
	p := &serverProcess{addr: addr, stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, "serve")
	p.cmd.Env = append(os.Environ(),
		"ORDERDESK_DATABASE_DSN="+dsn, "ORDERDESK_SERVER_LISTEN="+addr,
		"ORDERDESK_SERVER_BASE_URL=http://"+addr, "ORDERDESK_SERVER_VAR_DIR="+t.TempDir())
	p.cmd.Env = append(p.cmd.Env, env...)
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case <-p.exited:
			t.Fatalf("the server exited at start: %v\n%s%s", p.err, p.stdout, p.stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server never answered /healthz: %v\n%s", err, p.stderr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// apiKey creates an administrator's API key with the command line and returns it.
func apiKey(t *testing.T, dsn string) string {
	t.Helper()
	r := run(t, context.Background(), dsn, "apikey", "create", "--name", "process test", "--role", "administrator")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) < 2 {
		t.Fatalf("apikey create: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	return strings.TrimSpace(lines[len(lines)-1])
}

// patchComment sends one API write that changes an order's comment (and so its search row).
func patchComment(client *http.Client, addr, key, id, comment string) (int, error) {
	body := fmt.Sprintf(`[{"op": "replace", "path": "/comment", "value": %q}]`, comment)
	req, err := http.NewRequest(http.MethodPatch, "http://"+addr+"/api/order/customerOrders/"+id, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("api_key", key)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

// TestCheckAfterKillingTheServerDuringWrites kills the server with SIGKILL five times while
// writers save orders through the API, starts it again, and expects `orderdesk check` to find
// nothing wrong: every save is one transaction, so a kill leaves no half-written derived row.
func TestCheckAfterKillingTheServerDuringWrites(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	conn, dsn := seeded(t, "80")
	key := apiKey(t, dsn)
	var ids []string
	if err := conn.Select(&ids, `SELECT id FROM orders ORDER BY id LIMIT 16`); err != nil {
		t.Fatal(err)
	}
	var before int
	if err := conn.Get(&before, `SELECT COUNT(*) FROM order_change_sets`); err != nil {
		t.Fatal(err)
	}

	var saved atomic.Int64
	for kill := 1; kill <= 5; kill++ {
		p := startServer(t, bin, dsn, freeAddr(t))
		stop := make(chan struct{})
		var writers sync.WaitGroup
		var savedThisRound atomic.Int64
		for w := 0; w < 8; w++ {
			writers.Add(1)
			go func() {
				defer writers.Done()
				client := &http.Client{Timeout: 5 * time.Second}
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					id := ids[(w*7+i)%len(ids)]
					code, err := patchComment(client, p.addr, key, id, fmt.Sprintf("round %d writer %d write %d: Martin called", kill, w, i))
					if err == nil && code == http.StatusNoContent {
						saved.Add(1)
						savedThisRound.Add(1)
					}
				}
			}()
		}
		// Kill once the writers are well under way, in the middle of their saves.
		deadline := time.Now().Add(15 * time.Second)
		for savedThisRound.Load() < 20 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-p.exited
		close(stop)
		writers.Wait()
		if savedThisRound.Load() < 20 {
			t.Fatalf("round %d: only %d saves went through before the kill\n%s", kill, savedThisRound.Load(), p.stderr)
		}
	}

	// Started again, the server works, and the check finds nothing wrong.
	p := startServer(t, bin, dsn, freeAddr(t))
	if code, err := patchComment(http.DefaultClient, p.addr, key, ids[0], "after the kills"); err != nil || code != http.StatusNoContent {
		t.Fatalf("a save after the restart: %d %v\n%s", code, err, p.stderr)
	}
	var after int
	if err := conn.Get(&after, `SELECT COUNT(*) FROM order_change_sets`); err != nil {
		t.Fatal(err)
	}
	if after-before < int(saved.Load())+1 {
		t.Errorf("%d saves answered 204 but only %d change sets were written", saved.Load()+1, after-before)
	}
	check := exec.Command(bin, "check")
	check.Env = append(os.Environ(), "ORDERDESK_DATABASE_DSN="+dsn, "ORDERDESK_SERVER_VAR_DIR="+t.TempDir())
	out, err := check.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "checked 80 order(s)") || !strings.Contains(string(out), ": 0 problem(s)") {
		t.Errorf("orderdesk check after 5 kills and %d saves: %v\n%s", saved.Load(), err, out)
	}
	t.Logf("%d saves over 5 kills; %s", saved.Load(), strings.TrimSpace(string(out)))
}

// TestShutdownCutsATricklingRequestAndExitsZero sends SIGTERM while a client trickles a request
// body: the server closes an idle keep-alive connection at once, waits shutdown_timeout for the
// running request, then cuts it, logs it by client address, method and path, and exits 0.
func TestShutdownCutsATricklingRequestAndExitsZero(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	_, dsn := seeded(t, "5")
	conn := openDSN(t, dsn)
	key := apiKey(t, dsn)
	var id string
	if err := conn.Get(&id, `SELECT id FROM orders ORDER BY id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	const drain = 2 * time.Second
	p := startServer(t, bin, dsn, freeAddr(t), "ORDERDESK_SERVER_SHUTDOWN_TIMEOUT="+drain.String())

	// A keep-alive connection that has had its answer and now sits idle.
	idle, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	fmt.Fprintf(idle, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", p.addr)
	idleReader := bufio.NewReader(idle)
	res, err := http.ReadResponse(idleReader, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()

	// A request whose body comes a byte at a time, far slower than the drain.
	slow, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	path := "/api/order/customerOrders/" + id
	fmt.Fprintf(slow, "PATCH %s HTTP/1.1\r\nHost: %s\r\napi_key: %s\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n[", path, p.addr, key)
	trickleDone := make(chan struct{})
	go func() {
		defer close(trickleDone)
		for i := 0; i < 3999; i++ {
			if _, err := slow.Write([]byte(" ")); err != nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	time.Sleep(500 * time.Millisecond) // the handler is reading the body by now

	sent := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The idle connection is closed at once, not left for a request to be sent into.
	_ = idle.SetReadDeadline(time.Now().Add(drain / 2))
	if _, err := idleReader.ReadByte(); !errors.Is(err, io.EOF) {
		t.Errorf("the idle connection was not closed within %s of SIGTERM: %v", drain/2, err)
	}

	select {
	case <-p.exited:
	case <-time.After(drain + 5*time.Second):
		t.Fatalf("the server did not exit within shutdown_timeout (%s) + 5s\n%s", drain, p.stderr)
	}
	took := time.Since(sent)
	if p.err != nil {
		t.Errorf("the server exited with %v, want 0\n%s%s", p.err, p.stdout, p.stderr)
	}
	if took < drain-200*time.Millisecond {
		t.Errorf("the server exited after %s, before the drain of %s ended", took, drain)
	}
	logs := p.stderr.String()
	want := []string{"request cut at the end of the drain", "remote=" + slow.LocalAddr().String(), "method=PATCH", "path=" + path}
	found := false
	for _, line := range strings.Split(logs, "\n") {
		all := true
		for _, w := range want {
			all = all && strings.Contains(line, w)
		}
		found = found || all
	}
	if !found {
		t.Errorf("no log line naming the cut request %v in:\n%s", want, logs)
	}
	if !strings.Contains(p.stdout.String(), "orderdesk stopped") {
		t.Errorf("stdout: %s", p.stdout)
	}
	<-trickleDone
}
