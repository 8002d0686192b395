package segment

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"

	"github.com/jdkato/prose/v2"
)

// testModel is readModel's result, decoded once for the tests that
// compare with it (about 0.3 s each time).
var testModel = sync.OnceValues(func() (model, error) {
	var m model
	var err error
	m.wts, m.tags, m.classes, err = readModel()
	return m, err
})

type model struct {
	wts     map[string]map[string]float64
	tags    map[string]string
	classes []string
}

func loadTestModel(t *testing.T) (map[string]map[string]float64, map[string]string, []string) {
	t.Helper()
	m, err := testModel()
	if err != nil {
		t.Fatal(err)
	}
	return m.wts, m.tags, m.classes
}

// streamMap reads a weights stream into the map encoding/gob gives.
func streamMap(b []byte) (map[string]map[string]float64, error) {
	m := map[string]map[string]float64{}
	err := readWeights(b, func(f []byte, n int, next func() ([]byte, float64, bool)) bool {
		ws := map[string]float64{}
		for range n {
			c, w, ok := next()
			if !ok {
				return false
			}
			ws[string(c)] = w
		}
		m[string(f)] = ws
		return true
	})
	return m, err
}

// TestReadWeights: readWeights reads prose's weights.gob, and maps of
// maps encoded here, as encoding/gob decodes them.
func TestReadWeights(t *testing.T) {
	raw, err := prose.Asset("model/AveragedPerceptron/weights.gob")
	if err != nil {
		t.Fatal(err)
	}
	small := map[string]map[string]float64{
		"bias": {"NN": 1.5, "VB": -0.25}, "i word x": {}, "": {"": math.Inf(-1)},
		"i suffix ing": {"VBG": 1e300, "NN": -1e-300, "JJ": math.Copysign(0, -1)},
	}
	var enc bytes.Buffer
	if err := gob.NewEncoder(&enc).Encode(small); err != nil {
		t.Fatal(err)
	}
	wts, _, _ := loadTestModel(t)
	for name, b := range map[string][]byte{"weights.gob": raw, "small": enc.Bytes()} {
		want := wts
		if name == "small" {
			want = nil
			if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&want); err != nil {
				t.Fatal(err)
			}
		}
		got, err := streamMap(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: readWeights gives %d features, encoding/gob %d; they differ", name, len(got), len(want))
		}
	}
	for _, b := range [][]byte{nil, enc.Bytes()[:enc.Len()-1], append(bytes.Clone(enc.Bytes()), enc.Bytes()...)} {
		if _, err := streamMap(b); err == nil {
			t.Errorf("readWeights of %d bytes (empty, cut or two values): no error", len(b))
		}
	}
}

// FuzzReadWeights: no input makes readWeights panic.
func FuzzReadWeights(f *testing.F) {
	var enc bytes.Buffer
	gob.NewEncoder(&enc).Encode(map[string]map[string]float64{"bias": {"NN": 1}, "i word a": {"DT": 2, "NN": -1}})
	f.Add(enc.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) { streamMap(b) })
}

// TestPerceptronFromStream: the model read from the stream is the model
// buildPerceptron lays out from the maps encoding/gob decodes, weight for
// weight (compared by feature, class and tag names, since tag ids follow
// map order).
func TestPerceptronFromStream(t *testing.T) {
	wts, tags, classes := loadTestModel(t)
	raw, err := prose.Asset("model/AveragedPerceptron/weights.gob")
	if err != nil {
		t.Fatal(err)
	}
	fromStream, ok := perceptronFromStream(raw, tags, classes)
	if !ok {
		t.Fatal("perceptronFromStream: not ok")
	}
	fromMaps, ok := buildPerceptron(wts, tags, classes, false)
	if !ok || fromMaps == nil {
		t.Fatal("buildPerceptron: not ok")
	}
	got, want := byName(fromStream), byName(fromMaps)
	if len(want) < 75000 {
		t.Fatalf("%d features laid out from prose's model, want more than 75,000", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		n := 0
		for k, w := range want {
			if g := got[k]; !reflect.DeepEqual(g, w) && n < 5 {
				t.Errorf("%s: from the stream %v, from the maps %v", k, g, w)
				n++
			}
		}
		t.Errorf("the models differ (%d and %d features)", len(got), len(want))
	}
	// A weight naming a class classes.gob lacks: no model from the stream.
	var enc bytes.Buffer
	gob.NewEncoder(&enc).Encode(map[string]map[string]float64{"bias": {"NEW": 1}})
	if _, ok := perceptronFromStream(enc.Bytes(), tags, classes); ok {
		t.Error("a class only a weight names: perceptronFromStream reported ok")
	}
}

// byName flattens p into weights keyed by template, value and tag names.
func byName(p *perceptron) map[string]any {
	tag := make([]string, len(p.tagIDs))
	for t, id := range p.tagIDs {
		tag[id] = t
	}
	m := map[string]any{"bias": p.bias, "classes": p.classes}
	put := func(k string, ws []classWeight) {
		if ws != nil {
			m[k] = ws
		}
	}
	for i, id := range p.classID {
		m[fmt.Sprint("class ", i)] = tag[id]
	}
	for w, r := range p.tagMap {
		m["tagMap "+w] = r.name + "/" + tag[r.id]
	}
	for w, f := range p.words {
		put("i word "+w, f.i)
		put("i-1 word "+w, f.m1)
		put("i-2 word "+w, f.m2)
		put("i+1 word "+w, f.p1)
		put("i+2 word "+w, f.p2)
		for _, a := range f.afterTag {
			put("i-1 tag+i word "+tag[a.tag]+" "+w, a.ws)
		}
	}
	for v, f := range p.suffix {
		put("i suffix "+v, f.i)
		put("i-1 suffix "+v, f.m1)
		put("i+1 suffix "+v, f.p1)
	}
	for b, ws := range p.pref1 {
		put(fmt.Sprint("i pref1 ", b), ws)
	}
	nt := len(p.tag1)
	for a := range nt {
		put("i-1 tag "+tag[a], p.tag1[a])
		put("i-2 tag "+tag[a], p.tag2[a])
		for b := range nt {
			put("i tag+i-2 tag "+tag[a]+" "+tag[b], p.tagPair[a*nt+b])
		}
	}
	return m
}
