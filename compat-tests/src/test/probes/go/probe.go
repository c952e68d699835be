// Probe for Go's net/http, after the probe contract of compat-tests/README.md:
//
//	probe-go twice <url> | probe-go timeout <url> <millis>
package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

func main() {
	mode, url := os.Args[1], os.Args[2]
	transport := http.DefaultTransport.(*http.Transport).Clone()
	ids := []string{"1", "2"}
	if mode == "timeout" {
		millis, _ := strconv.Atoi(os.Args[3])
		// From the end of writing the request to the final response's headers; 1xx responses do not restart it.
		transport.ResponseHeaderTimeout = time.Duration(millis) * time.Millisecond
		ids = []string{"t"}
	}
	// One client, and so one pooled connection, for both requests; Timeout is the 10 s safety limit.
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}

	fmt.Println("client go-net/http", runtime.Version())
	for _, id := range ids {
		status, body, interim, err := get(client, url+"?id="+id)
		if err != nil {
			fmt.Printf("result id=%s error=%s\n", id, oneLine(fmt.Sprintf("%T: %v", err, err)))
		} else {
			fmt.Printf("result id=%s status=%d body=%s interim=%d\n", id, status, oneLine(body), interim)
		}
	}
}

func get(client *http.Client, url string) (status int, body string, interim int, err error) {
	trace := &httptrace.ClientTrace{
		Got1xxResponse: func(int, textproto.MIMEHeader) error {
			interim++
			return nil
		},
	}
	request, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return 0, "", interim, err
	}
	response, err := client.Do(request.WithContext(httptrace.WithClientTrace(request.Context(), trace)))
	if err != nil {
		return 0, "", interim, err
	}
	defer response.Body.Close()
	content, err := io.ReadAll(response.Body)
	return response.StatusCode, string(content), interim, err
}

func oneLine(text string) string {
	return strings.TrimSpace(strings.NewReplacer("\r", " ", "\n", " ").Replace(text))
}
