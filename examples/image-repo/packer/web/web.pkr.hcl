# The web image, built from the newest base image: bakery passes base's AMI
# in this region as `source_ami` (parent-variable in bakery.yml).
packer {
  required_version = ">= 1.6.6"
}

variable "source_ami" {
  type = string
}

variable "bakery_version" {
  type    = string
  default = "dev"
}

variable "http_port" {
  type    = string
  default = "80"
}

variable "ec2_endpoint" {
  type    = string
  default = env("AWS_ENDPOINT_URL")
}

source "amazon-ebs" "web" {
  region                     = "us-east-1"
  ami_regions                = ["eu-west-1"]
  custom_endpoint_ec2        = var.ec2_endpoint
  skip_credential_validation = var.ec2_endpoint != ""
  skip_metadata_api_check    = true
  source_ami                 = var.source_ami
  instance_type              = "t3.micro"
  ami_name                   = "web-${var.bakery_version}-{{timestamp}}"
  communicator               = "none"

  # bakery adds the full catalog (commit, branch, fingerprint, ...) after the
  # build; these make the image traceable even when built by hand.
  tags = {
    Name    = "web"
    Version = var.bakery_version
  }
}

build {
  sources = ["source.amazon-ebs.web"]

  provisioner "shell-local" {
    scripts          = ["${path.root}/../../scripts/web-setup.sh"]
    environment_vars = ["HTTP_PORT=${var.http_port}"]
  }
}
