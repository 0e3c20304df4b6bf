// multipart/form-data read in place, and the image pricing ratios read from it.
#include "relay/multipart.hpp"
#include "relay/media_body.hpp"

#include <gtest/gtest.h>

using namespace gw::relay;

namespace {

const std::string kBody =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"model\"\r\n\r\n"
    "dall-e-2\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
    "Content-Type: image/png\r\n\r\n"
    "\x89PNG\r\n--X not a boundary\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"n\"\r\n\r\n"
    "2\r\n"
    "--XyZ--\r\n";

}  // namespace

TEST(Multipart, BoundaryFromContentType) {
    EXPECT_EQ(form_boundary("multipart/form-data; boundary=XyZ"), "XyZ");
    EXPECT_EQ(form_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""), "a b");
    EXPECT_EQ(form_boundary("application/json"), std::nullopt);
    EXPECT_EQ(form_boundary("multipart/form-data"), std::nullopt);
}

TEST(Multipart, PartsAreViewsIntoTheBody) {
    auto form = parse_form(kBody, "XyZ");
    ASSERT_TRUE(form);
    ASSERT_EQ(form->parts.size(), 3u);
    EXPECT_EQ(form->text("model"), "dall-e-2");
    EXPECT_EQ(form->text("n"), "2");
    const FormPart* image = form->find("image");
    ASSERT_TRUE(image);
    EXPECT_EQ(image->filename, "a.png");
    EXPECT_EQ(image->content_type, "image/png");
    EXPECT_EQ(image->value, std::string_view("\x89PNG\r\n--X not a boundary"));
    EXPECT_GE(image->value.data(), kBody.data());
    EXPECT_LT(image->value.data(), kBody.data() + kBody.size());
}

TEST(Multipart, MalformedBodiesAreRefused) {
    EXPECT_FALSE(parse_form("no boundary here", "XyZ"));
    EXPECT_FALSE(parse_form("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", "XyZ"));
    EXPECT_FALSE(parse_form("--XyZ\r\nX-Other: 1\r\n\r\nv\r\n--XyZ--", "XyZ"));  // a part without a name
    std::string many;
    for (int i = 0; i < 10; ++i) many += "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
    many += "--B--";
    EXPECT_TRUE(parse_form(many, "B", 10));
    EXPECT_FALSE(parse_form(many, "B", 9));
}

TEST(Multipart, ReplacingAFieldKeepsTheRestByteForByte) {
    auto form = parse_form(kBody, "XyZ");
    ASSERT_TRUE(form);
    std::string out = replace_form_field(kBody, *form, "model", "gpt-image-1");
    auto again = parse_form(out, "XyZ");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->text("model"), "gpt-image-1");
    EXPECT_EQ(again->find("image")->value, form->find("image")->value);
    EXPECT_EQ(out.size(), kBody.size() + 3);
}

TEST(ImagePricing, SizeQualityAndCount) {
    MediaFields m;
    EXPECT_DOUBLE_EQ(image_call_ratio(m, "dall-e-3"), 1);
    m.size = "256x256";
    m.n = 2;
    EXPECT_DOUBLE_EQ(image_call_ratio(m, "dall-e-3"), 0.8);
    m = {};
    m.size = "512x512";
    EXPECT_DOUBLE_EQ(image_call_ratio(m, "dall-e-3"), 0.45);
    m.size = "1024x1792";
    EXPECT_DOUBLE_EQ(image_call_ratio(m, "dall-e-3"), 2);
    m.quality = "hd";
    EXPECT_DOUBLE_EQ(image_call_ratio(m, "dall-e-3"), 3);
    m.size = "1024x1024";
    EXPECT_DOUBLE_EQ(image_call_ratio(m, "dall-e-3"), 2);
    m.n = 3;  // other models: the count alone
    EXPECT_DOUBLE_EQ(image_call_ratio(m, "imagen-3.0-generate-002"), 3);
}
