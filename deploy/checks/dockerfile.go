package main

import (
	"bufio"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// stage is one FROM ... section of a Dockerfile: its instructions in order, continuation lines joined.
type stage struct {
	from         string
	instructions [][2]string // keyword (upper case), arguments
}

// last returns the arguments of the stage's last instruction with that keyword, "" when there is none.
func (s stage) last(keyword string) string {
	for i := len(s.instructions) - 1; i >= 0; i-- {
		if s.instructions[i][0] == keyword {
			return s.instructions[i][1]
		}
	}
	return ""
}

func parseDockerfile(path string) ([]stage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var stages []stage
	var logical strings.Builder
	flush := func() {
		line := strings.TrimSpace(logical.String())
		logical.Reset()
		if line == "" {
			return
		}
		keyword, args, _ := strings.Cut(line, " ")
		keyword = strings.ToUpper(keyword)
		if keyword == "FROM" {
			stages = append(stages, stage{from: strings.TrimSpace(args)})
			return
		}
		if len(stages) > 0 {
			stages[len(stages)-1].instructions = append(stages[len(stages)-1].instructions, [2]string{keyword, strings.TrimSpace(args)})
		}
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			logical.WriteString(strings.TrimSuffix(trimmed, "\\") + " ")
			continue
		}
		logical.WriteString(trimmed)
		flush()
	}
	flush()
	return stages, sc.Err()
}

var numericUser = regexp.MustCompile(`^([0-9]+)(:[0-9]+)?$`)

// checkDockerfiles: the rules of the service images that hadolint does not know: the image that runs (the
// last stage) runs as a numeric non-root user (Kubernetes' runAsNonRoot can only verify a number), has a
// HEALTHCHECK, and exposes its ports; every base image is pinned to a version.
func checkDockerfiles(paths []string) ([]string, error) {
	var problems findings
	for _, path := range paths {
		stages, err := parseDockerfile(path)
		if err != nil {
			return nil, err
		}
		if len(stages) == 0 {
			problems.add("%s: no FROM", path)
			continue
		}
		names := map[string]bool{}
		for _, s := range stages {
			image := strings.Fields(s.from)[0]
			if !names[image] {
				_, tag, hasTag := strings.Cut(image[strings.LastIndex(image, "/")+1:], ":")
				if (!hasTag || tag == "latest") && !strings.Contains(image, "@sha256:") {
					problems.add("%s: base image %s has no version", path, image)
				}
			}
			if f := strings.Fields(s.from); len(f) == 3 && strings.EqualFold(f[1], "AS") {
				names[f[2]] = true
			}
		}
		final := stages[len(stages)-1]
		user := final.last("USER")
		if m := numericUser.FindStringSubmatch(user); m == nil {
			problems.add("%s: the last stage's USER is %q, not a numeric uid", path, user)
		} else if uid, _ := strconv.Atoi(m[1]); uid == 0 {
			problems.add("%s: the last stage runs as root (USER %s)", path, user)
		}
		if hc := final.last("HEALTHCHECK"); hc == "" || strings.EqualFold(hc, "NONE") {
			problems.add("%s: the last stage has no HEALTHCHECK", path)
		}
		if final.last("EXPOSE") == "" {
			problems.add("%s: the last stage exposes no port", path)
		}
	}
	return problems, nil
}
