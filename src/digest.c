/*
 * digest: SHA-256 via libcrypto's EVP interface.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "digest.h"
#include "banned.h"

struct pcl_digest {
	EVP_MD_CTX *ctx;
};

int
pcl_digest_new(struct pcl_digest **out)
{
	struct pcl_digest *d = calloc(1, sizeof *d);

	*out = NULL;
	if (d == NULL || (d->ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(d->ctx, EVP_sha256(), NULL) != 1) {
		pcl_digest_free(d);
		return PCL_E_NOMEM;
	}
	*out = d;
	return PCL_OK;
}

void
pcl_digest_update(struct pcl_digest *d, const void *data, size_t len)
{
	if (len > 0)
		EVP_DigestUpdate(d->ctx, data, len);
}

void
pcl_digest_final(struct pcl_digest *d, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	EVP_DigestFinal_ex(d->ctx, md, &n);
	for (i = 0; i < n && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
	EVP_DigestInit_ex(d->ctx, EVP_sha256(), NULL);
}

void
pcl_digest_free(struct pcl_digest *d)
{
	if (d == NULL)
		return;
	EVP_MD_CTX_free(d->ctx);
	free(d);
}

void
pcl_digest_buffer(const void *data, size_t len, char hex[65])
{
	struct pcl_digest *d;

	if (pcl_digest_new(&d) != PCL_OK) {
		hex[0] = '\0';
		return;
	}
	pcl_digest_update(d, data, len);
	pcl_digest_final(d, hex);
	pcl_digest_free(d);
}

int
pcl_digest_file(const char *path, char hex[65], unsigned long long *size,
    struct pcl_error *err)
{
	unsigned char buf[65536];
	struct pcl_digest *d;
	unsigned long long total = 0;
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return pcl_error_set(err, PCL_E_IO, "cannot open '%s': %s",
		    path, strerror(errno));
	if (pcl_digest_new(&d) != PCL_OK) {
		fclose(f);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		pcl_digest_update(d, buf, n);
		total += n;
	}
	if (ferror(f)) {
		fclose(f);
		pcl_digest_free(d);
		return pcl_error_set(err, PCL_E_IO, "cannot read '%s'", path);
	}
	fclose(f);
	pcl_digest_final(d, hex);
	pcl_digest_free(d);
	if (size != NULL)
		*size = total;
	return PCL_OK;
}
