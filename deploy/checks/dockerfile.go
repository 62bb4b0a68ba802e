package main

import (
	"bufio"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
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
// HEALTHCHECK, and exposes its ports; every base image is pinned to a version; and with --context, every file
// a COPY takes from the build context exists and is not left out by the context's .dockerignore (read with
// Docker's own pattern matcher).
func checkDockerfiles(args []string) ([]string, error) {
	fl := flag.NewFlagSet("dockerfile", flag.ContinueOnError)
	context := fl.String("context", "", "the build context the Dockerfiles are built from (checks COPY against it)")
	dockerignore := fl.String("dockerignore", "", "the .dockerignore to apply (default: the context's)")
	if err := fl.Parse(args); err != nil {
		return nil, err
	}
	paths := fl.Args()
	if len(paths) == 0 {
		return nil, errors.New("usage: deploy-check dockerfile [--context DIR [--dockerignore FILE]] DOCKERFILE...")
	}
	var problems findings
	var matcher *patternmatcher.PatternMatcher
	if *context != "" {
		if *dockerignore == "" {
			*dockerignore = filepath.Join(*context, ".dockerignore")
		}
		f, err := os.Open(*dockerignore)
		if err != nil {
			return nil, err
		}
		patterns, err := ignorefile.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		if matcher, err = patternmatcher.New(patterns); err != nil {
			return nil, err
		}
	}
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
		if matcher != nil {
			copiesFromContext(path, stages, *context, matcher, &problems)
		}
	}
	return problems, nil
}

// copiesFromContext: each source of a COPY without --from exists in the context, and the .dockerignore lets
// every file under it through (a source the ignore file drops entirely fails the build; one it drops in part
// builds an image without those files).
func copiesFromContext(dockerfile string, stages []stage, context string, matcher *patternmatcher.PatternMatcher, problems *findings) {
	for _, s := range stages {
		for _, in := range s.instructions {
			if in[0] != "COPY" || strings.Contains(in[1], "--from=") {
				continue
			}
			fields := strings.Fields(in[1])
			var sources []string
			for _, f := range fields[:len(fields)-1] {
				if !strings.HasPrefix(f, "--") {
					sources = append(sources, f)
				}
			}
			for _, src := range sources {
				root := filepath.Join(context, src)
				if _, err := os.Stat(root); err != nil {
					problems.add("%s: COPY %s: not in the build context %s", dockerfile, src, context)
					continue
				}
				filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
					if err != nil || d.IsDir() {
						return err
					}
					rel, _ := filepath.Rel(context, p)
					if excluded, _ := matcher.MatchesOrParentMatches(filepath.ToSlash(rel)); excluded {
						problems.add("%s: COPY %s: %s is left out by the .dockerignore", dockerfile, src, rel)
						return filepath.SkipAll
					}
					return nil
				})
			}
		}
	}
}
